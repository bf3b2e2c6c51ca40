"""Ways in and out: the import of a qualification, exports, SSSOM and the Excel report."""
