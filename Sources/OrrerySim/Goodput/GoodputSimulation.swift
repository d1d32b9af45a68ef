import OrreryCore

/// A long training run (hours of simulated time) of back-to-back steps with periodic
/// checkpoints and GPU failures, and the goodput that survives it: the fraction of wall
/// time spent on steps whose progress is kept (Google Cloud "ML Goodput"; lost work is
/// the steps since the last checkpoint when a failure hits).
///
/// On a failure at time t the job notices it `detection` later (a collective timing out),
/// then restarts (`restart`: reschedule, re-initialise) and loads the last checkpoint
/// (`restore`), and resumes from that checkpoint's step. Checkpoint writes block training
/// for `checkpointWrite`. Failures come from explicit times (`--fail-at`) and, with
/// `gpuMTBF`, from a per-GPU exponential failure process over `gpus` GPUs, drawn with
/// SplitMix64 from `seed` (the first failure of the run at rate gpus / MTBF; after each
/// restart the process starts again — memoryless).
public struct GoodputSimulation: Sendable {
    public var stepTime: Seconds
    public var duration: Seconds
    /// Steps between checkpoints.
    public var checkpointEvery: Int
    public var checkpointWrite: Seconds
    /// Megatron-LM `--distributed-timeout-minutes` default 10: a hung collective is
    /// detected after 10 minutes (arguments.py).
    public var detection = Seconds(600)
    /// Reschedule and re-initialise the job (assumed 5 minutes).
    public var restart = Seconds(300)
    public var restore: Seconds
    public var failAt: [Seconds] = []
    /// Mean time between failures of one GPU (with its share of host, NIC, switch); nil =
    /// only the explicit failures. Llama 3 (Dubey et al. 2024 §3.3.4): 419 unexpected
    /// interruptions in 54 days on 16,384 H100 → 16384 · 54 · 24 / 419 ≈ 50,700 GPU-hours.
    public var gpuMTBF: Seconds?
    public var gpus: Int
    public var seed: UInt64 = 0

    public static let llama3GPUMTBF = Seconds(16384.0 * 54 * 24 * 3600 / 419)

    public init(stepTime: Seconds, duration: Seconds, checkpointEvery: Int, checkpointWrite: Seconds, restore: Seconds, gpus: Int) {
        self.stepTime = stepTime
        self.duration = duration
        self.checkpointEvery = checkpointEvery
        self.checkpointWrite = checkpointWrite
        self.restore = restore
        self.gpus = gpus
    }

    public struct Report: Hashable, Sendable {
        public var duration: Seconds
        /// Steps whose progress is kept at the end of the run.
        public var stepsKept: Int
        /// Steps computed and then lost to a rollback.
        public var stepsLost: Int
        public var failures: Int
        public var checkpoints: Int
        /// stepsKept · stepTime / duration.
        public var goodput: Double
        public var lostWork: Seconds
        /// Detection, restart and restore time.
        public var downtime: Seconds
        public var checkpointOverhead: Seconds
        /// Simulated events processed.
        public var events: Int
    }

    enum Event: Sendable { case stepDone, checkpointDone, failure, resumed }

    /// - Throws: `OrreryError.invalidValue` for non-positive times or intervals.
    public func run() throws -> Report {
        guard stepTime.value > 0, stepTime.value.isFinite else {
            throw OrreryError.invalidValue(field: "step time", value: "\(stepTime.value)", allowed: "> 0 s")
        }
        guard duration.value > 0, duration.value.isFinite else {
            throw OrreryError.invalidValue(field: "--hours", value: "\(duration.value / 3600)", allowed: "> 0")
        }
        guard checkpointEvery >= 1 else {
            throw OrreryError.invalidValue(field: "--checkpoint-every", value: "\(checkpointEvery)", allowed: ">= 1 steps")
        }
        for t in failAt where !(t.value >= 0 && t.value.isFinite) {
            throw OrreryError.invalidValue(field: "--fail-at", value: "\(t.value)", allowed: "times >= 0 s into the run")
        }
        var rng = SplitMix64(seed: seed)
        let end = SimInstant.start + SimDuration(duration)
        var epoch = 0  // invalidates step/checkpoint events of a run a failure interrupted
        var tagged = EventQueue<(Event, Int)>()
        func nextRandomFailure(after t: SimInstant) -> SimInstant? {
            guard let mtbf = gpuMTBF, mtbf.value > 0, gpus > 0 else { return nil }
            return t + SimDuration(Seconds(rng.nextExponential(mean: mtbf.value / Double(gpus))))
        }
        for f in failAt.sorted() { tagged.schedule((.failure, -1), at: .start + SimDuration(f), priority: 0) }
        if let f = nextRandomFailure(after: .start) { tagged.schedule((.failure, -2), at: f) }
        tagged.schedule((.stepDone, epoch), at: .start + SimDuration(stepTime), priority: 1)

        var kept = 0, sinceCheckpoint = 0, lost = 0, failures = 0, checkpoints = 0, events = 0
        var lostWork = Seconds.zero, downtime = Seconds.zero, checkpointTime = Seconds.zero
        var down = false
        while let e = tagged.pop(), e.time <= end {
            events += 1
            let (event, tag) = e.payload
            let now = e.time
            switch event {
            case .stepDone:
                guard tag == epoch, !down else { continue }
                sinceCheckpoint += 1
                if sinceCheckpoint >= checkpointEvery {
                    tagged.schedule((.checkpointDone, epoch), at: now + SimDuration(checkpointWrite), priority: 1)
                } else {
                    tagged.schedule((.stepDone, epoch), at: now + SimDuration(stepTime), priority: 1)
                }
            case .checkpointDone:
                guard tag == epoch, !down else { continue }
                kept += sinceCheckpoint
                sinceCheckpoint = 0
                checkpoints += 1
                checkpointTime += checkpointWrite
                tagged.schedule((.stepDone, epoch), at: now + SimDuration(stepTime), priority: 1)
            case .failure:
                if tag == -2, let f = nextRandomFailure(after: now) { tagged.schedule((.failure, -2), at: f) }
                guard !down else { continue }
                failures += 1
                lost += sinceCheckpoint
                lostWork += stepTime * Double(sinceCheckpoint)
                sinceCheckpoint = 0
                epoch += 1
                down = true
                let outage = detection + restart + restore
                downtime += outage
                tagged.schedule((.resumed, epoch), at: now + SimDuration(outage), priority: 1)
            case .resumed:
                guard tag == epoch else { continue }
                down = false
                tagged.schedule((.stepDone, epoch), at: now + SimDuration(stepTime), priority: 1)
            }
        }
        // Steps done since the last checkpoint when the run ends are kept (the job stops cleanly).
        kept += down ? 0 : sinceCheckpoint
        let goodput = Double(kept) * stepTime.value / duration.value
        return Report(duration: duration, stepsKept: kept, stepsLost: lost, failures: failures, checkpoints: checkpoints,
                      goodput: goodput, lostWork: lostWork, downtime: downtime, checkpointOverhead: checkpointTime, events: events)
    }
}
