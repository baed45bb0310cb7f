// The hook's side: the real LeaseEvents sender, driven as the hook service drives it (report()
// per lease event, tick() every 50 ms), at a fixed rate or, with RATE 0, as fast as the
// receiver takes lines (new lines only while fewer than half the hook's bound are held).
// Usage: lease_event_source SOCKET RATE SECONDS. Runs the load for SECONDS, then ticks until
// everything is acknowledged (at most 30 s more) and prints one key=value line.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "lease_events.h"
#include "maas/common/log.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kTick = std::chrono::milliseconds(50);  // the hook service's tick
constexpr auto kDrainBound = std::chrono::seconds(30);

maas::hooks::LeaseRecord lease(uint64_t n) {
    maas::hooks::LeaseRecord r;
    r.address = (192u << 24) | (0u << 16) | (2u << 8) | static_cast<uint32_t>(n % 250 + 1);
    r.hw_address = {0x52,
                    0x54,
                    0x00,
                    static_cast<uint8_t>(n >> 16),
                    static_cast<uint8_t>(n >> 8),
                    static_cast<uint8_t>(n)};
    r.client_id = {0x01,
                   0x52,
                   0x54,
                   0x00,
                   static_cast<uint8_t>(n >> 16),
                   static_cast<uint8_t>(n >> 8),
                   static_cast<uint8_t>(n)};
    r.hostname = "node" + std::to_string(n % 100000);
    r.valid_lifetime = 600;
    r.cltt = 1764000000;
    return r;
}

struct Peaks {
    size_t buffered = 0;
    size_t unacked = 0;
    void note(const maas::hooks::LeaseEvents& events) {
        const auto c = events.counters();
        buffered = std::max(buffered, c.buffered);
        unacked = std::max(unacked, c.unacked);
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: lease_event_source SOCKET RATE SECONDS\n");
        return 2;
    }
    const double rate = std::atof(argv[2]);
    const auto load = std::chrono::duration<double>(std::atof(argv[3]));
    maas::Logger logger("source", maas::makeTextSink(2));
    maas::hooks::LeaseEvents events(argv[1], logger);
    Peaks peaks;
    const auto start = Clock::now();
    auto next_tick = start + kTick;
    uint64_t offered = 0;
    while (Clock::now() - start < load) {
        const auto now = Clock::now();
        if (rate > 0) {
            const auto due =
                static_cast<uint64_t>(std::chrono::duration<double>(now - start).count() * rate);
            for (; offered < due; ++offered)
                events.report("commit", lease(offered), "local");
        } else {
            while (events.buffered() < maas::hooks::LeaseEvents::kMaxBuffered / 2)
                events.report("commit", lease(offered++), "local");
        }
        peaks.note(events);
        if (now >= next_tick) {
            events.tick();
            next_tick += kTick;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(rate > 0 ? 500 : 200));
    }
    const auto acked_in_load = events.counters().acked;
    const auto load_s = std::chrono::duration<double>(Clock::now() - start).count();
    const auto drain_start = Clock::now();
    while (events.buffered() > 0 && Clock::now() - drain_start < kDrainBound) {
        events.tick();
        peaks.note(events);
        std::this_thread::sleep_for(kTick);
    }
    const auto c = events.counters();
    std::printf(
        "offered=%llu offered_per_s=%.0f delivered_per_s=%.0f acked=%llu "
        "peak_buffered=%zu peak_unacked=%zu dropped=%llu resent=%llu sent=%llu "
        "left=%zu drain_s=%.2f\n",
        static_cast<unsigned long long>(offered), offered / load_s, acked_in_load / load_s,
        static_cast<unsigned long long>(c.acked), peaks.buffered, peaks.unacked,
        static_cast<unsigned long long>(c.dropped), static_cast<unsigned long long>(c.resent),
        static_cast<unsigned long long>(c.sent), events.buffered(),
        std::chrono::duration<double>(Clock::now() - drain_start).count());
    return 0;
}
