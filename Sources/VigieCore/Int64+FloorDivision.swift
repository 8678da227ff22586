extension Int64 {
    /// Division rounding towards minus infinity (times before 1970 stay in the right bucket).
    public func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }

    /// The remainder that goes with ``floorDivided(by:)``, in `0..<divisor`.
    public func floorModulo(_ divisor: Int64) -> Int64 {
        let r = self % divisor
        return r < 0 ? r + divisor : r
    }
}
