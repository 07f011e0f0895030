"""The HTTP side: the site's files, the search API, and sign-in for the internal edition."""
