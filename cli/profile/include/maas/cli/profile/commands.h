#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace maas::cli::profile {

/// One action of a describe/ handler, as the CLI offers it.
struct CliAction {
    std::string name;  ///< command word: "read", "update", "power-parameters"
    std::string method;
    std::optional<std::string> op;
    std::string doc;
};

/// One describe/ handler turned into a CLI resource ("rack-controllers").
struct CliResource {
    std::string name;  ///< command word
    std::string doc;
    std::string uri;  ///< absolute, with {param} placeholders
    std::vector<std::string> params;
    std::vector<CliAction> actions;
};

/// "RackControllersHandler" -> "rack-controllers", "IPRangesHandler" -> "ipranges",
/// "AnonMachinesHandler" -> "machines" (the MAAS CLI's rule).
std::string commandName(const std::string& handler_name);

/// Resources from a describe/ document: the auth handler of each resource when logged in with
/// credentials, else the anon one. Throws std::runtime_error on a malformed document.
std::vector<CliResource> resourcesFromDescribe(const std::string& describe_json,
                                               bool with_credentials);

/// An HTTP request the CLI will send.
struct CliRequest {
    std::string method;
    std::string url;
    std::string content_type;  ///< empty when there is no body
    std::string body;
    std::string cacerts;    ///< https: trust only these CAs (PEM); empty: the system's store
    bool insecure = false;  ///< https: no certificate check (`maas login --insecure`)
};

/// Builds the request for `maas PROFILE RESOURCE ACTION [POSITIONAL...] [key=value ...]`:
/// positionals fill the handler's params in order, key=value pairs go to the query string
/// (GET, DELETE) or a multipart body (POST, PUT). Throws std::invalid_argument naming what is
/// missing or malformed. `boundary` is injected for deterministic tests.
CliRequest buildRequest(const CliResource& resource, const CliAction& action,
                        const std::vector<std::string>& args, const std::string& boundary);

/// JSON re-printed the way the MAAS CLI prints it: 4-space indent, keys sorted, one value per
/// line, so `grep hostname | cut -d '"' -f 4` works. Non-JSON text is returned unchanged.
std::string prettyJson(const std::string& text);

/// "http://h:5240/MAAS" or ".../MAAS/api/2.0" -> "http://h:5240/MAAS/api/2.0/".
std::string apiUrl(const std::string& url);

}  // namespace maas::cli::profile
