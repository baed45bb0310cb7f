#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace maas::cli {

/// postgresql://user[:password]@host[,host2...][:port]/dbname, as regiond.conf keys.
struct DatabaseUri {
    std::string user;
    std::string password;
    std::string host;  ///< one host or a comma-separated list (libpq multi-host)
    int64_t port = 5432;
    std::string name;
};

/// Parses and checks a database URI; throws UsageError "--database-uri: <problem>.".
/// Percent-escapes in user and password are decoded; a list of hosts must share one port.
DatabaseUri parseDatabaseUri(std::string_view uri);

}  // namespace maas::cli
