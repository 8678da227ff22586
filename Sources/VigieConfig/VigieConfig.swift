// VigieConfig: see Package.swift.
