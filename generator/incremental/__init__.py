"""Reuse of earlier work: the content-hash cache (``cache``) and the second process
(``parallel``). The stages read the same without them; they plug in at one seam each."""
