// maas-test-region: a stand-in region for rack tests until the region's worker carries the RPC
// listener. N RpcServers (rpc_port + i) share one in-memory rack directory; a Poco HTTP server
// answers GET /MAAS/rpc/ like a region, plus two test-only routes:
//   GET  /MAAS/test/racks              one line per rack: "<system_id> <hostname> <n> <eps>"
//   POST /MAAS/test/delete?system_id=X forget the rack and tell its connections to stop
// Usage: maas-test-region --address A --rpc-port P --workers N --http-port H --uuid U
//                         --secret-file F [--version V] [--peers HOST:PORT,...]
//                         [--cleartext-baseline yes]
// The discovery answer is signed with the secret as a region signs it. --cleartext-baseline
// serves RPC without TLS, for the RPC benchmark's baseline only.
// --peers lists other regions' workers in the discovery answer, as regions sharing one database
// do, so a dead region stays advertised to racks.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>
#include <signal.h>
#include <unistd.h>

#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "maas/common/log.h"
#include "maas/common/secret.h"
#include "maas/region/rpc/memory_directory.h"
#include "maas/region/rpc/rpc_server.h"
#include "maas/rpc/discovery_signature.h"

namespace {

using namespace maas;
using namespace maas::region::rpc;

struct Region {
    std::string address;
    std::vector<std::pair<std::string, std::string>> peers;  ///< host, port
    MemoryRackDirectory* directory;
    std::vector<std::unique_ptr<RpcServer>> servers;
    Bytes secret;
};

class Handler final : public Poco::Net::HTTPRequestHandler {
  public:
    explicit Handler(Region& region) : region_(region) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        const auto uri = request.getURI();
        std::ostringstream body;
        if (uri == "/MAAS/rpc/" || uri == "/MAAS/rpc") {
            response.setContentType("application/json");
            body << R"({"eventloops": {)";
            for (size_t i = 0; i < region_.servers.size(); ++i) {
                body << (i ? ", " : "") << "\"test-region-" << region_.address
                     << ":pid=" << ::getpid() << "." << i << "\": [[\"" << region_.address << "\", "
                     << region_.servers[i]->port() << "]]";
            }
            for (const auto& [host, port] : region_.peers) {
                body << ", \"peer-" << host << ":" << port << "\": [[\"" << host << "\", " << port
                     << "]]";
            }
            body << "}}";
            response.set(maas::rpc::kDiscoverySignatureHeader,
                         maas::rpc::signDiscovery(region_.secret, body.str()));
        } else if (uri == "/MAAS/test/racks") {
            response.setContentType("text/plain");
            for (const auto& rack : region_.directory->racks()) {
                std::string endpoints;
                for (const auto& [id, ep] : rack.connections) {
                    endpoints += (endpoints.empty() ? "" : ",") + ep;
                }
                body << rack.system_id << " " << rack.hostname << " " << rack.connections.size()
                     << " " << (endpoints.empty() ? "-" : endpoints) << "\n";
            }
        } else if (uri.rfind("/MAAS/test/delete", 0) == 0 && request.getMethod() == "POST") {
            std::string id;
            for (const auto& [key, value] : Poco::URI(uri).getQueryParameters()) {
                id = key == "system_id" ? value : id;
            }
            if (!region_.directory->remove(id)) {
                response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
                body << "No RackController matches the given query.\n";
            } else {
                for (auto& s : region_.servers) {
                    s->stopRack(id, "the rack controller was deleted");
                }
                body << "deleted " << id << "\n";
            }
        } else {
            response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
            body << "not found\n";
        }
        const auto text = body.str();
        response.setContentLength(static_cast<std::streamsize>(text.size()));
        response.send() << text;
    }

  private:
    Region& region_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
  public:
    explicit Factory(Region& region) : region_(region) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new Handler(region_);
    }

  private:
    Region& region_;
};

}  // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> options{{"--workers", "2"}, {"--version", "0.1.0"}};
    for (int i = 1; i + 1 < argc; i += 2) {
        options[argv[i]] = argv[i + 1];
    }
    for (const char* required :
         {"--address", "--rpc-port", "--http-port", "--uuid", "--secret-file"}) {
        if (!options.contains(required)) {
            std::cerr << required << ": required\n";
            return 2;
        }
    }
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    const auto secret = Secret::readFile(options["--secret-file"]);
    Logger logger("test-region[" + options["--address"] + "]", makeTextSink(2));
    MemoryRackDirectory directory(options["--uuid"], options["--version"]);
    Region region{options["--address"], {}, &directory, {}, secret.bytes()};
    std::istringstream peers(options["--peers"]);
    for (std::string peer; std::getline(peers, peer, ',');) {
        const auto colon = peer.rfind(':');
        if (colon == std::string::npos) {
            std::cerr << "--peers: " << peer << ": must be HOST:PORT\n";
            return 2;
        }
        region.peers.emplace_back(peer.substr(0, colon), peer.substr(colon + 1));
    }
    const int workers = std::stoi(options["--workers"]);
    const int rpc_port = std::stoi(options["--rpc-port"]);
    for (int i = 0; i < workers; ++i) {
        RpcServerOptions o;
        o.address = region.address;
        o.port = static_cast<uint16_t>(rpc_port + i);
        o.secret = secret.bytes();
        o.version = options["--version"];
        o.cleartext_baseline = options["--cleartext-baseline"] == "yes";
        region.servers.push_back(std::make_unique<RpcServer>(o, directory, logger));
        region.servers.back()->start();
    }
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(
        region.address, static_cast<uint16_t>(std::stoi(options["--http-port"]))));
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(4);
    Poco::Net::HTTPServer http(new Factory(region), socket, params);
    http.start();
    std::cerr << "test region ready\n";
    int sig = 0;
    sigwait(&signals, &sig);
    http.stopAll(true);
    for (auto& s : region.servers) {
        s->stop();
    }
    return 0;
}
