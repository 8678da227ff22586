// VigieStore: see Package.swift.
