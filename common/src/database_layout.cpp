#include "maas/common/database_layout.h"

#include <algorithm>

namespace maas {

namespace fs = std::filesystem;

fs::path embeddedDatabaseSocketDir(const Paths& paths) {
    return paths.run_dir / "postgres";
}

fs::path postgresBinDir(const Settings& supervisor, const Environment& env) {
    const auto configured = supervisor.getString("postgres_bin_dir");
    if (!configured.empty()) {
        return configured;
    }
    // The snap stages its base's PostgreSQL (14 on core22): take the newest it holds.
    const auto snap = env.get("SNAP");
    if (snap && !snap->empty()) {
        int best = 0;
        std::error_code ec;
        for (const auto& entry :
             fs::directory_iterator(fs::path(*snap) / "usr/lib/postgresql", ec)) {
            const auto name = entry.path().filename().string();
            if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos &&
                name.size() < 4) {
                best = std::max(best, std::stoi(name));
            }
        }
        if (best > 0) {
            return fs::path(*snap) / "usr/lib/postgresql" / std::to_string(best) / "bin";
        }
    }
    return snapPrefixed(env, "/usr/lib/postgresql/15/bin");
}

std::string databaseOsUser(const Settings& supervisor, const Paths& paths) {
    const auto configured = supervisor.getString("database_os_user");
    if (!configured.empty()) {
        return configured;
    }
    return paths.layout == Layout::Snap ? "snap_daemon" : "postgres";
}

bool usesEmbeddedDatabase(const Settings& regiond, const Paths& paths) {
    return regiond.getString("database_host") == embeddedDatabaseSocketDir(paths).string();
}

}  // namespace maas
