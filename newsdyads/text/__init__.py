"""Compiled text kernels over Arrow string buffers, for the hot paths of a batch."""
