#include "maas/rack/discovery.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "maas/rpc/discovery_signature.h"
#include "maas/rpc/message.h"

namespace maas::rack {

namespace {

constexpr size_t kMaxBody = 1u << 20;
constexpr size_t kMaxEndpoints = 1024;

}  // namespace

std::string discoveryUrl(const std::string& maas_url) {
    std::string base = maas_url;
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    return base + "/rpc/";
}

std::string urlHost(const std::string& url) {
    try {
        return Poco::URI(url).getHost();
    } catch (const Poco::Exception&) {
        return {};
    }
}

std::vector<Endpoint> parseDiscovery(const std::string& body, const std::string& fallback_host) {
    Poco::JSON::Object::Ptr root;
    try {
        root = maas::rpc::parseJsonObject(body, "discovery");
    } catch (const maas::rpc::MessageError& e) {
        throw DiscoveryError(e.what());
    }
    if (!root->has("eventloops")) {
        throw DiscoveryError("discovery: eventloops: missing");
    }
    if (root->get("eventloops").isEmpty()) {
        return {};  // MAAS answers null before any worker is up
    }
    const auto loops = root->getObject("eventloops");
    if (!loops) {
        throw DiscoveryError("discovery: eventloops: must be an object");
    }
    std::set<Endpoint> found;
    for (const auto& [name, value] : *loops) {
        const auto where = "discovery: eventloops: " + name;
        if (value.type() != typeid(Poco::JSON::Array::Ptr)) {
            throw DiscoveryError(where + ": must be a list of [address, port]");
        }
        const auto list = value.extract<Poco::JSON::Array::Ptr>();
        for (size_t i = 0; i < list->size(); ++i) {
            const auto pair = list->getArray(static_cast<unsigned>(i));
            if (!pair || pair->size() != 2 || !pair->get(0).isString() ||
                !pair->get(1).isInteger() || pair->get(1).isString()) {
                throw DiscoveryError(where + ": must be a list of [address, port]");
            }
            const auto port = pair->get(1).convert<int64_t>();
            if (port < 1 || port > 65535) {
                throw DiscoveryError(where + ": port " + std::to_string(port) + " out of range");
            }
            auto host = pair->get(0).extract<std::string>();
            if (host.empty() || host.size() > 255) {
                throw DiscoveryError(where + ": address must be 1 to 255 characters");
            }
            if (host == "0.0.0.0" || host == "::" || host == "[::]") {
                host = fallback_host;
            }
            found.insert(Endpoint{host, static_cast<uint16_t>(port)});
            if (found.size() > kMaxEndpoints) {
                throw DiscoveryError("discovery: more than " + std::to_string(kMaxEndpoints) +
                                     " endpoints");
            }
        }
    }
    return {found.begin(), found.end()};
}

void verifyDiscoveryAnswer(const std::string& url, const std::string& body,
                           const std::string& signature, const Bytes& secret) {
    if (signature.empty()) {
        throw UnverifiedDiscovery(url +
                                  ": the endpoint list is not signed; ignored (is this a "
                                  "region of this MAAS?)");
    }
    if (!maas::rpc::verifyDiscovery(secret, body, signature)) {
        throw UnverifiedDiscovery(url +
                                  ": the endpoint list's signature does not match this "
                                  "rack's shared secret; ignored");
    }
}

std::vector<Endpoint> fetchDiscovery(const std::string& maas_url, std::chrono::milliseconds timeout,
                                     const Bytes& secret, const https::ClientTrust& trust) {
    const auto url = discoveryUrl(maas_url);
    try {
        const Poco::URI uri(url);
        std::unique_ptr<Poco::Net::HTTPClientSession> open;
        try {
            open = https::openSession(uri, trust);
        } catch (const std::invalid_argument& e) {
            throw DiscoveryError(e.what());
        }
        auto& session = *open;
        session.setTimeout(Poco::Timespan(timeout.count() * 1000));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathEtc(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Accept", "application/json");
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        auto& in = session.receiveResponse(response);
        if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
            throw DiscoveryError("HTTP " + std::to_string(response.getStatus()));
        }
        std::string body;
        char buffer[8192];
        while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
            body.append(buffer, static_cast<size_t>(in.gcount()));
            if (body.size() > kMaxBody) {
                throw DiscoveryError("answer larger than " + std::to_string(kMaxBody) + " bytes");
            }
        }
        verifyDiscoveryAnswer(url, body, response.get(maas::rpc::kDiscoverySignatureHeader, ""),
                              secret);
        return parseDiscovery(body, uri.getHost());
    } catch (const UnverifiedDiscovery&) {
        throw;
    } catch (const DiscoveryError& e) {
        throw DiscoveryError(url + ": " + e.what());
    } catch (const Poco::Exception& e) {
        throw DiscoveryError(url + ": " + e.displayText());
    } catch (const std::exception& e) {
        throw DiscoveryError(url + ": " + e.what());
    }
}

}  // namespace maas::rack
