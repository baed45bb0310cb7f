#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "maas/hooks/parameters.h"

namespace maas::hooks {

/// Raised for a stanza we cannot convert; the message starts with "line N:".
class StanzaError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct FailoverStanza {
    std::string name;  ///< the quoted peer name
    RawParams params;  ///< hook parameter names -> values
};

/// Converts one dhcpd `failover peer "NAME" { ... }` stanza (as MAAS writes it) into hook
/// parameters. Statements dhcpd accepts but we cannot honour (hba, ...) are errors, not ignored.
FailoverStanza parseFailoverStanza(std::string_view text);

/// The parameters as the JSON object that goes into Kea's hook "parameters".
std::string parametersJson(const RawParams& params);

}  // namespace maas::hooks
