import Testing

@testable import PromptExpKit

/// The bootstrap's remainder by multiplication must be the remainder: the same draws, so
/// the same intervals and verdicts as before it.
@Suite struct FastRemainderTests {
    @Test(
        arguments: [
            1, 2, 3, 7, 10, 30, 1000, 99_991, 100_000, 1 << 32, (1 << 32) + 1, 1 << 63, (1 << 63) + 1, UInt64.max - 1,
            UInt64.max,
        ] as [UInt64])
    func itIsTheRemainder(divisor: UInt64) {
        let fast = FastRemainder(divisor: divisor)
        var generator = SeededGenerator(seed: divisor)
        let edges: [UInt64] = [0, 1, divisor - 1, divisor, divisor &+ 1, UInt64.max, UInt64.max - 1, 1 << 63]
        var mismatches: [UInt64] = []
        for n in edges + (0..<20_000).map({ _ in generator.next() }) where fast.of(n) != n % divisor {
            mismatches.append(n)
        }
        #expect(mismatches.isEmpty, "\(divisor): \(mismatches.prefix(5))")
    }

    @Test func everyRowCountUpToAThousand() {
        var generator = SeededGenerator(seed: 7)
        var wrong = 0
        for divisor in UInt64(1)...1000 {
            let fast = FastRemainder(divisor: divisor)
            for _ in 0..<200 {
                let n = generator.next()
                if fast.of(n) != n % divisor { wrong += 1 }
            }
        }
        #expect(wrong == 0)
    }
}
