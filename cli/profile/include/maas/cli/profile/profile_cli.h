#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "maas/cli/profile/commands.h"

namespace maas::cli::profile {

/// A logged-in MAAS: API URL, credentials ("" = anonymous), the cached describe/ document and,
/// for https, the CA certificates given at login (kept in the profile, as MAAS keeps them) or
/// the choice to check no certificate.
struct Profile {
    std::string name;
    std::string url;
    std::string credentials;
    std::string describe;
    std::string cacerts;
    bool insecure = false;
};

/// Profiles in one JSON file, mode 0600 (it holds API keys). Default: $HOME/.maascli.json.
class ProfileStore {
  public:
    explicit ProfileStore(std::filesystem::path file) : file_(std::move(file)) {}
    static std::filesystem::path defaultPath();

    std::map<std::string, Profile> load() const;
    void save(const std::map<std::string, Profile>& profiles) const;

  private:
    std::filesystem::path file_;
};

struct HttpResponse {
    int status = 0;
    std::string reason;
    std::string content_type;
    std::string body;
};

/// The seam to the network: the real client uses Poco, tests script responses.
class HttpClient {
  public:
    virtual ~HttpClient() = default;
    /// Throws std::runtime_error when the server cannot be reached.
    virtual HttpResponse send(const CliRequest& request, const std::string& authorization) = 0;
};

/// http:// and https:// with Poco (https trusts what the request names:
/// maas/common/https_client.h).
class PocoHttpClient final : public HttpClient {
  public:
    HttpResponse send(const CliRequest& request, const std::string& authorization) override;
};

/// `maas login PROFILE URL [KEY|-]`, `maas logout PROFILE`, `maas list`, and
/// `maas PROFILE [RESOURCE [ACTION [ARGS...]]]`. Returns the exit status: 0 success,
/// 1 cannot reach the server or local failure, 2 usage error or a non-2xx answer.
class ProfileCli {
  public:
    ProfileCli(ProfileStore& store, HttpClient& http, std::istream& in, std::ostream& out,
               std::ostream& err);

    /// True when args[0] is a word this group handles (login, logout, list, or a profile).
    bool handles(const std::string& word) const;
    int run(const std::vector<std::string>& args);

  private:
    int login(const std::vector<std::string>& args);
    /// A profile from login's words, or an exit status after printing why not.
    std::variant<Profile, int> loginProfile(const std::vector<std::string>& args);
    CliRequest requestFor(const Profile& p, const std::string& method,
                          const std::string& url) const;
    int logout(const std::vector<std::string>& args);
    int list();
    int call(const Profile& profile, const std::vector<std::string>& args);
    std::string authorization(const std::string& credentials) const;

    ProfileStore& store_;
    HttpClient& http_;
    std::istream& in_;
    std::ostream& out_;
    std::ostream& err_;
};

}  // namespace maas::cli::profile
