#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <stdexcept>

#include "maas/cli/profile/profile_cli.h"
#include "maas/common/https_client.h"

namespace maas::cli::profile {

HttpResponse PocoHttpClient::send(const CliRequest& request, const std::string& authorization) {
    const Poco::URI uri(request.url);
    std::unique_ptr<Poco::Net::HTTPClientSession> open;
    try {
        open = https::openSession(uri, {request.cacerts, request.insecure});
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(e.what());
    }
    auto& session = *open;
    try {
        session.setTimeout(Poco::Timespan(60, 0));
        Poco::Net::HTTPRequest req(request.method, uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        if (!authorization.empty())
            req.set("Authorization", authorization);
        if (!request.content_type.empty())
            req.setContentType(request.content_type);
        req.setContentLength(static_cast<std::streamsize>(request.body.size()));
        session.sendRequest(req) << request.body;
        Poco::Net::HTTPResponse res;
        auto& in = session.receiveResponse(res);
        HttpResponse out;
        out.status = res.getStatus();
        out.reason = res.getReason();
        out.content_type = res.getContentType();
        Poco::StreamCopier::copyToString(in, out.body);
        return out;
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot reach " + uri.getHost() + ":" +
                                 std::to_string(uri.getPort()) + ": " + e.displayText());
    }
}

}  // namespace maas::cli::profile
