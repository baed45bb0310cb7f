// Fuzzes the --database-uri parser: every input is either accepted with a usable host, port and
// database name, or refused with a UsageError; nothing else may escape.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "maas/cli/database_uri.h"
#include "maas/common/command.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view uri(reinterpret_cast<const char*>(data), size);
    try {
        const auto parsed = maas::cli::parseDatabaseUri(uri);
        if (parsed.host.empty() || parsed.name.empty() || parsed.port < 1 || parsed.port > 65535) {
            std::abort();
        }
    } catch (const maas::UsageError&) {
        // refused with a message naming --database-uri
    }
    return 0;
}
