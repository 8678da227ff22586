/// Strings made from libxml2's interned names, by the name's pointer: a
/// document's few dozen distinct names are looked up once per element.
struct NameCache {
    private var names = IntegerMap<String>()

    /// The string for `key`, made by `make` the first time.
    mutating func name(for key: UnsafeRawPointer, _ make: () -> String) -> String {
        let key = UInt64(UInt(bitPattern: key))
        if let name = names[key] { return name }
        let name = make()
        names.set(key, name)
        return name
    }
}
