#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "maas/common/config_schemas.h"
#include "maas/common/secret.h"
#include "maas/common/secret_input.h"
#include "maas/common/settings.h"
#include "maas/rack/rack_state.h"
#include "maas/rack/register_command.h"

using namespace maas;
using namespace maas::rack;

BOOST_AUTO_TEST_SUITE(register_command)

namespace {

/// Standard input that is not a terminal: one line at a time from a string.
class PipedInput final : public SecretInput {
  public:
    explicit PipedInput(const std::string& text) : stream_(text) {}
    bool isTerminal() const override { return false; }
    std::optional<std::string> promptHidden(const std::string&) override { return readLine(); }
    std::optional<std::string> readLine() override {
        std::string line;
        if (!std::getline(stream_, line))
            return std::nullopt;
        return line;
    }

  private:
    std::istringstream stream_;
};

struct TempRoot {
    std::filesystem::path dir;
    Paths paths;
    TempRoot() {
        dir = std::filesystem::temp_directory_path() / ("rack-register-" + toHex(randomBytes(6)));
        std::filesystem::create_directories(dir);
        paths = Paths::fromEnvironment(MapEnvironment({{"MAAS_ROOT", dir.string()}}));
        paths.createDirectories();
    }
    ~TempRoot() { std::filesystem::remove_all(dir); }
};

const char* kHex = "00112233445566778899aabbccddeeff";

}  // namespace

BOOST_AUTO_TEST_CASE(parses_urls_and_secret) {
    const auto o = parseRegisterArgs({"--url", "http://127.0.0.2:5240/MAAS",
                                      "--url=http://127.0.0.3:5240/MAAS", "--secret", kHex});
    BOOST_TEST(o.urls.size() == 2u);
    BOOST_TEST(o.secret_hex == kHex);
    BOOST_TEST(!o.ca_file.has_value());
    const auto with_ca = parseRegisterArgs(
        {"--url", "https://127.0.0.2:5443/MAAS", "--maas-ca-file=/etc/maas/ca.pem"});
    BOOST_TEST(with_ca.ca_file.value_or("") == "/etc/maas/ca.pem");
}

BOOST_AUTO_TEST_CASE(bad_options_name_the_option) {
    auto problem = [](std::vector<std::string> args) {
        try {
            parseRegisterArgs(args);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    BOOST_TEST(problem({}) == "--url: at least one region URL is required.");
    BOOST_TEST(problem({"--url"}) == "--url: a value is required.");
    BOOST_TEST(problem({"--url", "ftp://x"}).find("--url: ") == 0u);
    BOOST_TEST(problem({"--bogus"}).find("--bogus: unknown option") == 0u);
    BOOST_TEST(problem({"--url", "https://x/MAAS", "--maas-ca-file"}) ==
               "--maas-ca-file: a value is required.");
}

BOOST_AUTO_TEST_CASE(writes_config_and_secret_and_forgets_old_identity) {
    TempRoot root;
    std::filesystem::create_directories(root.paths.rack_maas_id.parent_path());
    { std::ofstream(root.paths.rack_maas_id) << "abc123\n"; }
    { std::ofstream(root.paths.rack_maas_uuid) << "old-uuid\n"; }
    // A region on the same host: its files are not the rack's to forget.
    { std::ofstream(root.paths.maas_id) << "region1\n"; }
    { std::ofstream(root.paths.maas_uuid) << "old-uuid\n"; }
    PipedInput in(std::string(kHex) + "\n");
    std::ostringstream out, err;
    const int rc = runRegister({"--url", "http://127.0.0.2:5240/MAAS"}, root.paths, in, out, err);
    BOOST_TEST(rc == 0, err.str());
    BOOST_TEST(Secret::readFile(root.paths.secret).hex() == kHex);
    const auto conf = Settings::load(rackdSchema(), root.paths.rackd_conf);
    BOOST_TEST(conf.getList("maas_url").at(0) == "http://127.0.0.2:5240/MAAS");
    BOOST_TEST(readTrimmed(root.paths.rack_maas_id).empty());
    BOOST_TEST(!std::filesystem::exists(root.paths.rack_maas_uuid));
    BOOST_TEST(RackIdentity(root.paths).systemId().empty());
    BOOST_TEST(readTrimmed(root.paths.maas_id) == "region1");
    BOOST_TEST(readTrimmed(root.paths.maas_uuid) == "old-uuid");
    BOOST_TEST(out.str().find("no supervisor control socket") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_secret_changes_nothing) {
    TempRoot root;
    PipedInput in("");
    std::ostringstream out, err;
    const int rc = runRegister({"--url", "http://127.0.0.2:5240/MAAS", "--secret", "xyz"},
                               root.paths, in, out, err);
    BOOST_TEST(rc == 2);
    BOOST_TEST(err.str().find("--secret: ") == 0u);
    BOOST_TEST(!std::filesystem::exists(root.paths.secret));
    BOOST_TEST(!std::filesystem::exists(root.paths.rackd_conf));
}

BOOST_AUTO_TEST_SUITE_END()
