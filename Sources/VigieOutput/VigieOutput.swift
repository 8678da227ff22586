// VigieOutput: see Package.swift.
