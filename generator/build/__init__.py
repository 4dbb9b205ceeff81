"""The site build: everything that knows MkDocs.

plugin (MkDocs events wired to the rest, nothing else), products (the types producers take and
return: a leaf every producer imports), plan (the registry of page and file producers, run
serially or in forked workers), direct_pages and page_shell (the pages outside the navigation,
rendered into one shell per page shape).

May import every room except contributors. Only build.products is imported from outside it.
"""
