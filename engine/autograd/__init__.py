"""The scalar autograd engine: Value, the one op table, float math, frozen graphs, nn."""
