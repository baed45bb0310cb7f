#pragma once

#include <cstdint>

namespace maas {

struct FileLimit {
    uint64_t before = 0;
    uint64_t after = 0;
};

/// Raises this process's soft RLIMIT_NOFILE to its hard limit (the common soft default of
/// 1024 is too few for a server with thousands of clients); returns both values.
FileLimit raiseFileLimit();

}  // namespace maas
