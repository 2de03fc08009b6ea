"""The store calls features run on workers: saving, receipt jobs, the PDF receipt."""
