"""Stores: the protocol every backend meets, and its adapters."""
