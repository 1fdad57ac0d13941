import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

@Suite struct SamplingAndCacheTests {
    @Test func theSampleIsSeededUniformAndInStreamOrder() {
        func sample(seed: UInt64) -> [Int] {
            var sampler = RowSampler<Int>(size: 10, seed: seed)
            for item in 0..<1000 { sampler.offer(item) }
            return sampler.sample
        }
        #expect(sample(seed: 7) == sample(seed: 7))
        #expect(sample(seed: 7) != sample(seed: 8))
        #expect(sample(seed: 7) == sample(seed: 7).sorted())
        #expect(Set(sample(seed: 7)).count == 10)

        // Each item is picked with probability 10/100: over 2,000 seeds every item's count
        // stays near 200 (a wide band: this checks for bias, not luck).
        var counts = [Int](repeating: 0, count: 100)
        for seed in 0..<2000 {
            var sampler = RowSampler<Int>(size: 10, seed: UInt64(seed))
            for item in 0..<100 { sampler.offer(item) }
            for item in sampler.sample { counts[item] += 1 }
        }
        #expect(counts.allSatisfy { (130...270).contains($0) }, "\(counts)")
    }

    @Test func aSmallStreamIsTakenWhole() {
        var sampler = RowSampler<String>(size: 5, seed: 1)
        for row in ["a", "b", "c"] { sampler.offer(row) }
        #expect(sampler.sample == ["a", "b", "c"])
    }

    @Test func aPlanSamplesRowsBySeed() throws {
        let folder = try TemporaryDirectory()
        try folder.write("d.jsonl", (1...50).map { #"{"id": "r\#($0)", "q": "\#($0)"}"# }.joined(separator: "\n"))
        let file = try PromptFile(text: "{{q}}", path: "p")
        let variant = RunVariant(label: "run", promptID: "p", file: file, blob: Repository.hashBlob(Data()))
        let model = ResolvedModel(
            name: "mock/echo", provider: ProviderConfig(name: "mock", kind: .mock), modelID: "echo", price: nil)
        func rows(seed: UInt64) throws -> [String] {
            var plan = RunPlan(dataset: DatasetFile(url: folder.file("d.jsonl")), variants: [variant], models: [model])
            plan = try plan.validated(sample: 5, seed: seed)
            #expect(plan.callCount == 5)
            var calls = try plan.calls()
            var ids: [String] = []
            while let call = try calls.next() { ids.append(call.rowID) }
            return ids
        }
        #expect(try rows(seed: 3) == rows(seed: 3))
        #expect(try rows(seed: 3) != rows(seed: 4))
        #expect(try rows(seed: 3).count == 5)
    }

    @Test func theCacheStoresCountsAndClears() throws {
        let folder = try TemporaryDirectory()
        let cache = ResponseCache(directory: folder.file("cache"))
        let response = CachedResponse(
            text: "hi", finishReason: "stop", usage: TokenUsage(inputTokens: 3, outputTokens: 1),
            latencyMilliseconds: 42)
        let hash = String(repeating: "ab", count: 32)
        #expect(cache.response(for: hash) == nil)
        cache.store(response, for: hash)
        #expect(cache.response(for: hash) == response)
        #expect(FileManager.default.fileExists(atPath: folder.file("cache/ab/\(hash).json").path))
        #expect(cache.stats().entries == 1)
        #expect(try cache.clear() == 1)
        #expect(cache.stats().entries == 0)
    }

    @Test func theJournalSurvivesATornLastLine() throws {
        let folder = try TemporaryDirectory()
        let url = folder.file("j.jsonl")
        let response = CachedResponse(text: "x", finishReason: nil, usage: nil, latencyMilliseconds: 5)
        do {
            let journal = try RunJournal(url: url)
            try journal.append(response, for: "h1")
            try journal.append(response, for: "h2")
        }
        // A kill in the middle of a write leaves half a line.
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"request_hash":"h3","resp"#.utf8))
        try handle.close()
        let reopened = try RunJournal(url: url)
        #expect(reopened.count == 2)
        #expect(reopened.response(for: "h2") == response)
        #expect(reopened.response(for: "h3") == nil)
    }

    @Test func requestHashesSeparateRepeatsModelsAndParams() {
        let request = ChatRequest(
            model: "m", messages: [ChatMessage(role: .user, content: "hi")], params: ["temperature": 0])
        let base = PlannedCall.hash(provider: "p", request: request, repeatIndex: 0)
        #expect(base == PlannedCall.hash(provider: "p", request: request, repeatIndex: 0))
        #expect(base != PlannedCall.hash(provider: "p", request: request, repeatIndex: 1))
        #expect(base != PlannedCall.hash(provider: "q", request: request, repeatIndex: 0))
        var other = request
        other.params["temperature"] = 0.5
        #expect(base != PlannedCall.hash(provider: "p", request: other, repeatIndex: 0))
        #expect(base.count == 64)
    }
}

@Suite struct ResultRecordTests {
    @Test(arguments: [
        ResultRecord(
            rowID: "r\"1", variant: "run", model: "m", repeatIndex: 2, promptBlob: Repository.hashBlob(Data("x".utf8)),
            requestHash: "abc", output: "line1\nline2 ✓", finishReason: "stop",
            usage: TokenUsage(inputTokens: 3, outputTokens: 4),
            cost: 0.000123456789, latencyMilliseconds: 12, error: nil, scores: ["len": 1.0]),
        ResultRecord(
            rowID: "r2", variant: "base", model: "m", repeatIndex: 0, promptBlob: Repository.hashBlob(Data()),
            requestHash: "def", output: nil, finishReason: nil, usage: nil, cost: nil, latencyMilliseconds: nil,
            error: "HTTP 500: boom", scores: [:]),
        ResultRecord(
            rowID: "r3", variant: "base", model: "m", repeatIndex: 0, promptBlob: Repository.hashBlob(Data()),
            requestHash: "def", output: "", finishReason: nil, usage: nil, cost: 2, latencyMilliseconds: 0, error: nil),
    ])
    func theFastLineIsTheCanonicalJSON(record: ResultRecord) throws {
        #expect(record.canonicalLine == record.json.canonicalJSON)
        #expect(
            ResultRecord(json: try JSONValue.parse(Data(record.canonicalLine.utf8))) == ResultRecord(json: record.json))
    }
}
