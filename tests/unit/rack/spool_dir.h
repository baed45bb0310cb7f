#pragma once

#include <stdlib.h>

#include <filesystem>
#include <memory>

#include "maas/common/log.h"
#include "maas/rack/lease_spool.h"

namespace maas::rack::test {

/// A lease spool in a fresh directory under /tmp, removed afterwards.
struct SpoolDir {
    std::filesystem::path path;
    std::shared_ptr<MemorySink> sink = std::make_shared<MemorySink>();
    Logger logger{"test", sink};

    SpoolDir() {
        char tmpl[] = "/tmp/lease-spool.XXXXXX";
        path = ::mkdtemp(tmpl);
    }
    ~SpoolDir() { std::filesystem::remove_all(path); }
    std::filesystem::path file() const { return path / "lease-events.spool"; }
    std::unique_ptr<LeaseSpool> open(size_t max_pending = LeaseSpool::kDefaultMaxPending) {
        auto spool = std::make_unique<LeaseSpool>(file(), logger, max_pending);
        spool->open();
        return spool;
    }
};

}  // namespace maas::rack::test
