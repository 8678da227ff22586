/// Lets at most `limit` requests run at once, and at most one per host:
/// Vigie is a polite client even when hundreds of sources share a host.
/// Hosts are named by ``HostKey``, so two spellings of one host share a slot.
actor HostGate {
    private let limit: Int
    private var running = 0
    private var busyHosts: Set<String> = []
    private var waiting: [(host: String, continuation: CheckedContinuation<Void, Never>)] = []

    init(limit: Int) { self.limit = max(1, limit) }

    /// Waits for a slot for `host`.
    func enter(host: String) async {
        if running < limit && !busyHosts.contains(host) {
            running += 1
            busyHosts.insert(host)
            return
        }
        await withCheckedContinuation { continuation in
            waiting.append((host, continuation))
        }
    }

    /// Frees the slot of `host` and wakes the first waiter that can run.
    func leave(host: String) {
        running -= 1
        busyHosts.remove(host)
        guard running < limit,
            let index = waiting.firstIndex(where: { !busyHosts.contains($0.host) })
        else { return }
        let next = waiting.remove(at: index)
        running += 1
        busyHosts.insert(next.host)
        next.continuation.resume()
    }
}
