/// `n % divisor` for many `n` and one divisor, by multiplication instead of division
/// (Lemire, Kaser and Kurz, "Faster remainder by direct computation", 2019): the exact
/// same remainders, a few times faster. The bootstrap draws hundreds of millions of row
/// indexes on a large run, each a remainder by the row count.
struct FastRemainder {
    let divisor: UInt64
    /// ⌈2¹²⁸ / divisor⌉, kept modulo 2¹²⁸ (zero for a divisor of 1, which the formula
    /// then turns into the right remainder, zero).
    private let multiplier: UInt128

    init(divisor: UInt64) {
        precondition(divisor > 0, "a remainder needs a divisor above zero")
        self.divisor = divisor
        multiplier = UInt128.max / UInt128(divisor) &+ 1
    }

    /// `n % divisor`.
    @inline(__always)
    func of(_ n: UInt64) -> UInt64 {
        // The fraction n / divisor as a 128-bit fixed-point number; its fractional part
        // times the divisor, integer part only, is the remainder.
        let fraction = multiplier &* UInt128(n)
        let low = (UInt128(UInt64(truncatingIfNeeded: fraction)) * UInt128(divisor)) >> 64
        let high = (fraction >> 64) * UInt128(divisor)
        return UInt64(truncatingIfNeeded: (low + high) >> 64)
    }
}
