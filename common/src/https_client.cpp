#include "maas/common/https_client.h"

#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <arpa/inet.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "maas/common/tls_cert.h"

namespace maas::https {

namespace {

std::vector<tls::CertificatePtr> parseCertificates(const std::string& pem) {
    try {
        return tls::parseCertificates(pem, tls::MaterialPart::CaCertificates);
    } catch (const tls::MaterialError&) {
        throw std::invalid_argument("Invalid PEM material");  // MAAS's CLI says so
    }
}

bool isIpAddress(const std::string& host) {
    unsigned char buffer[16];
    return ::inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
           ::inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

}  // namespace

void initialiseClients() {
    // Poco asks its certificate handler about a failed verification: this one refuses.
    static const bool done = [] {
        Poco::Net::initializeSSL();
        static Poco::Net::RejectCertificateHandler refuse(false);
        return true;
    }();
    (void)done;
}

void checkCaCertificates(const std::string& pem) {
    parseCertificates(pem);
}

std::string checkedCaFile(const std::string& option, const std::string& path) {
    const auto fail = [&](const std::string& why) {
        return std::invalid_argument(option + ": " + path + ": " + why + ".");
    };
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw fail(std::string("cannot read it (") + std::strerror(errno) + ")");
    std::ostringstream text;
    text << in.rdbuf();
    try {
        checkCaCertificates(text.str());
    } catch (const std::invalid_argument& e) {
        throw fail(std::string(e.what()) + ", not a PEM CA certificate");
    }
    return std::filesystem::absolute(path).lexically_normal().string();
}

Poco::Net::Context::Ptr clientContext(const ClientTrust& trust, const std::string& host) {
    initialiseClients();
    if (trust.insecure)
        return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                      Poco::Net::Context::VERIFY_NONE, 9, false);
    const bool system_store = trust.cacerts_pem.empty();
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                               Poco::Net::Context::VERIFY_STRICT, 9, system_store);
    SSL_CTX* ctx = context->sslContext();
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    if (!system_store) {
        X509_STORE* store = SSL_CTX_get_cert_store(ctx);
        for (const auto& cert : parseCertificates(trust.cacerts_pem))
            X509_STORE_add_cert(store, cert.get());
    }
    // OpenSSL's own host check (RFC 6125, IP entries for addresses) replaces Poco's, which
    // skips it for local names and resolves names to compare addresses.
    context->enableExtendedCertificateVerification(false);
    X509_VERIFY_PARAM* param = SSL_CTX_get0_param(ctx);
    const bool ok = isIpAddress(host) ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1
                                      : X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0) == 1;
    if (!ok)
        throw std::invalid_argument("cannot check the certificate of host '" + host + "'");
    return context;
}

std::unique_ptr<Poco::Net::HTTPClientSession> openSession(const Poco::URI& uri,
                                                          const ClientTrust& trust) {
    if (uri.getScheme() == "http")
        return std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    if (uri.getScheme() == "https")
        return std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                               clientContext(trust, uri.getHost()));
    throw std::invalid_argument("only http:// and https:// URLs are supported (got " +
                                uri.getScheme() + "://)");
}

}  // namespace maas::https
