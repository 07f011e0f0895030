"""The Whoosh index: generations on disk, the writer, and the one module that touches Whoosh."""
