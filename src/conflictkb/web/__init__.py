"""The web explorer (server-rendered), thin over the library."""
