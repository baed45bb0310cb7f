// rackd's receive path alone: its lease-event socket spooling into a spool file, as rackd_main
// wires them, counting the bursts it spools (each one write and one fdatasync at most).
// Usage: lease_event_sink SOCKET SPOOL_FILE; runs until stdin closes, then prints
// `sink: bursts=B events=E spooled=S duplicates=D malformed=M`.
#include <atomic>
#include <cstdio>
#include <iostream>
#include <string>

#include "maas/common/log.h"
#include "maas/rack/lease_events.h"
#include "maas/rack/lease_spool.h"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: lease_event_sink SOCKET SPOOL_FILE\n");
        return 2;
    }
    maas::Logger logger("sink", maas::makeTextSink(2));
    maas::rack::LeaseSpool spool(argv[2], logger);
    spool.open();
    std::atomic<uint64_t> bursts{0};
    std::atomic<uint64_t> events{0};
    maas::rack::LeaseEventSocket socket(argv[1],
                                        [&](std::vector<maas::rack::HookLeaseEvent> batch) {
                                            ++bursts;
                                            events += batch.size();
                                            return spool.appendFromHook(batch);
                                        });
    socket.start();
    std::cout << "ready" << std::endl;
    std::string ignored;
    while (std::getline(std::cin, ignored)) {
    }
    socket.stop();
    std::printf("sink: bursts=%llu events=%llu spooled=%llu duplicates=%llu malformed=%zu\n",
                static_cast<unsigned long long>(bursts.load()),
                static_cast<unsigned long long>(events.load()),
                static_cast<unsigned long long>(spool.stats().last_seq),
                static_cast<unsigned long long>(spool.duplicates()), socket.malformed());
    return 0;
}
