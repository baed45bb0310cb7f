// maas-test-rack-link: the rack's own RegionLink, registering once under a software version the
// test chooses, so a real region can be shown a rack of another version. Prints one line:
//   up system_id=ID warnings=N
//   warning: TEXT            (one per warning)
// or "down FAILURE DETAIL" when the region refuses or cannot be reached within the bound.
// Usage: maas-test-rack-link HOST PORT VERSION HOSTNAME   (MAAS_ROOT selects the rack's files)
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <optional>

#include "maas/common/paths.h"
#include "maas/common/secret.h"
#include "maas/rack/region_link.h"

namespace {

using namespace std::chrono_literals;
namespace mr = maas::rpc;
using maas::rack::Endpoint;
using maas::rack::LinkFailure;

/// Remembers the first outcome: registered, or refused / unreachable.
class FirstOutcome final : public maas::rack::LinkObserver {
  public:
    void linkUp(const Endpoint&, const mr::RegisterResult& result) override {
        std::lock_guard lock(mutex_);
        if (!up_ && !down_)
            up_ = result;
        changed_.notify_all();
    }
    void linkDown(const Endpoint&, LinkFailure failure, const std::string& detail) override {
        std::lock_guard lock(mutex_);
        // Unreachable is retried by the link: only a refusal is an outcome.
        if (!up_ && !down_ && maas::rack::isRefusal(failure))
            down_ = std::string(maas::rack::name(failure)) + " " + detail;
        changed_.notify_all();
    }
    void stopRequested(const Endpoint&, const std::string& reason) override {
        std::lock_guard lock(mutex_);
        if (!up_ && !down_)
            down_ = "stopped " + reason;
        changed_.notify_all();
    }

    /// Prints the outcome; false when there was none within the bound or it was a refusal.
    bool report(std::chrono::seconds bound) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, bound, [&] { return up_ || down_; });
        if (up_) {
            std::cout << "up system_id=" << up_->system_id << " warnings=" << up_->warnings.size()
                      << "\n";
            for (const auto& w : up_->warnings)
                std::cout << "warning: " << w << "\n";
            return true;
        }
        std::cout << "down " << (down_ ? *down_ : "no answer within the bound") << "\n";
        return false;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::optional<mr::RegisterResult> up_;
    std::optional<std::string> down_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: maas-test-rack-link HOST PORT VERSION HOSTNAME\n";
        return 2;
    }
    const auto paths = maas::Paths::fromProcessEnvironment();
    paths.createDirectories();
    maas::rack::LinkSettings settings;
    settings.secret = maas::Secret::readFile(paths.secret).bytes();
    settings.version = argv[3];
    maas::rack::RackIdentity identity(paths);
    const std::string hostname = argv[4];
    const std::string version = argv[3];
    auto args = [&] {
        mr::RegisterArgs a;
        a.system_id = identity.systemId();
        a.hostname = hostname;
        a.version = version;
        a.maas_uuid = identity.maasUuid();
        return a;
    };
    FirstOutcome outcome;
    maas::rack::RegionLink link(Endpoint{argv[1], static_cast<uint16_t>(std::stoi(argv[2]))},
                                settings, identity, args, outcome, [] { return 0.5; });
    link.start();
    const bool up = outcome.report(30s);
    link.requestStop();
    link.join();
    return up ? 0 : 1;
}
