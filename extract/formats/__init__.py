"""One parser per input format; :mod:`powermap.extract.reader` picks between them."""
