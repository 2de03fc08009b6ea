"""Identity sources: handwriting recognition and resident ID card readers.

A lower layer: it never imports sync, central, ui, cli or bench, and never Qt
(tests/test_layering.py checks it).
"""
