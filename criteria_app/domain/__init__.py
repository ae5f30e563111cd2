"""The rules a provincial officer would recognise: plain Python, no framework, no I/O."""
