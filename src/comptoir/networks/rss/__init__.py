"""RSS and Atom feeds: follow a blog, the local press or competitors as a listening source."""
