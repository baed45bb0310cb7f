#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/URI.h>

#include <memory>
#include <string>

namespace maas::https {

/// Whom an HTTPS client trusts.
struct ClientTrust {
    std::string cacerts_pem;  ///< only these CAs; empty: the system's store
    bool insecure = false;    ///< no verification at all (`maas login --insecure`)
};

/// Initialises the TLS library for clients, once per process, with a handler that refuses
/// every certificate that fails verification (never asks). clientContext and openSession call it.
void initialiseClients();

/// Throws std::invalid_argument("Invalid PEM material") unless `pem` holds at least one
/// certificate and nothing damaged.
void checkCaCertificates(const std::string& pem);

/// The absolute path of a CA file an option names, once it reads and holds certificates;
/// std::invalid_argument("OPTION: PATH: why.") otherwise.
std::string checkedCaFile(const std::string& option, const std::string& path);

/// A client context for one server: TLS 1.2 or later; unless insecure, the chain must lead to
/// a trusted CA and OpenSSL checks `host` (a name, or an IP address against the certificate's
/// IP entries) before any byte of a request is sent. A failed check is refused, never asked
/// about.
Poco::Net::Context::Ptr clientContext(const ClientTrust& trust, const std::string& host);

/// A session for an http:// or https:// URL (https with clientContext); std::invalid_argument
/// for any other scheme.
std::unique_ptr<Poco::Net::HTTPClientSession> openSession(const Poco::URI& uri,
                                                          const ClientTrust& trust);

}  // namespace maas::https
