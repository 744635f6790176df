"""Industry pages: the classification trees and one industry's zones, enterprises and measures.

The model is ``zones.Industry`` (every subject app refers to it); this app holds its public pages."""
