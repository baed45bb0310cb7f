#include "maas/common/tls_cert.h"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <ctime>
#include <vector>

namespace maas::tls {

namespace {

struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;

std::string openSslReason() {
    const unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    if (code == 0)
        return "not PEM";
    const char* reason = ERR_reason_error_string(code);
    return reason != nullptr ? reason : "unreadable";
}

BioPtr memoryBio(const std::string& text) {
    return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

KeyPtr parseKey(const std::string& pem) {
    auto bio = memoryBio(pem);
    KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key)
        throw MaterialError(MaterialPart::Key, "is not a PEM private key without a passphrase (" +
                                                   openSslReason() + ")");
    return key;
}

std::chrono::system_clock::time_point toTimePoint(const ASN1_TIME* t) {
    std::tm parts{};
    ASN1_TIME_to_tm(t, &parts);
    return std::chrono::system_clock::from_time_t(timegm(&parts));
}

std::string subjectOf(X509* cert) {
    char text[256] = "";
    X509_NAME_oneline(X509_get_subject_name(cert), text, sizeof text);
    return text;
}

std::string isoTime(std::chrono::system_clock::time_point t) {
    const auto seconds = std::chrono::system_clock::to_time_t(t);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

}  // namespace

void CertificateFree::operator()(X509* cert) const {
    X509_free(cert);
}

std::vector<CertificatePtr> parseCertificates(const std::string& pem, MaterialPart part) {
    std::vector<CertificatePtr> out;
    auto bio = memoryBio(pem);
    ERR_clear_error();
    while (auto* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        out.emplace_back(cert);
    const unsigned long last = ERR_peek_last_error();
    const bool clean_end =
        ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE;
    if (out.empty() || (last != 0 && !clean_end))
        throw MaterialError(part, "is not a PEM certificate (" + openSslReason() + ")");
    ERR_clear_error();
    return out;
}

CertificateFacts certificateFacts(const std::string& cert_pem) {
    ERR_clear_error();
    const auto certs = parseCertificates(cert_pem, MaterialPart::Certificate);
    X509* cert = certs.front().get();
    return {subjectOf(cert), toTimePoint(X509_get0_notAfter(cert))};
}

CertificateFacts checkMaterial(const Material& material,
                               std::chrono::system_clock::time_point now) {
    ERR_clear_error();
    const auto key = parseKey(material.key_pem);
    const auto certs = parseCertificates(material.cert_pem, MaterialPart::Certificate);
    X509* cert = certs.front().get();
    CertificateFacts facts{subjectOf(cert), toTimePoint(X509_get0_notAfter(cert))};
    if (facts.not_after <= now)
        throw MaterialError(MaterialPart::Certificate,
                            "expired on " + isoTime(facts.not_after) + " (" + facts.subject + ")");
    if (const auto from = toTimePoint(X509_get0_notBefore(cert)); from > now)
        throw MaterialError(MaterialPart::Certificate,
                            "is not valid before " + isoTime(from) + " (" + facts.subject + ")");
    if (X509_check_private_key(cert, key.get()) != 1) {
        ERR_clear_error();
        throw MaterialError(MaterialPart::Key,
                            "does not match the certificate (" + facts.subject + ")");
    }
    if (!material.cacert_pem.empty())
        parseCertificates(material.cacert_pem, MaterialPart::CaCertificates);
    return facts;
}

CertificateServerContext::CertificateServerContext(const Material& material) {
    checkMaterial(material, std::chrono::system_clock::now());
    ctx_ = SSL_CTX_new(TLS_server_method());
    if (ctx_ == nullptr)
        throw std::runtime_error("SSL_CTX_new: " + openSslReason());
    SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx_, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
                                  SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(ctx_, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE |
                               SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    const auto key = parseKey(material.key_pem);
    auto certs = parseCertificates(material.cert_pem, MaterialPart::Certificate);
    bool ok = SSL_CTX_set_cipher_list(ctx_, kTls12Ciphers) == 1 &&
              SSL_CTX_use_certificate(ctx_, certs.front().get()) == 1 &&
              SSL_CTX_use_PrivateKey(ctx_, key.get()) == 1;
    // The chain a client needs: intermediates after the leaf, then the CA text's blocks.
    std::vector<CertificatePtr> chain(std::make_move_iterator(certs.begin() + 1),
                                      std::make_move_iterator(certs.end()));
    if (!material.cacert_pem.empty())
        for (auto& c : parseCertificates(material.cacert_pem, MaterialPart::CaCertificates))
            chain.push_back(std::move(c));
    for (auto& c : chain)
        ok = ok && SSL_CTX_add1_chain_cert(ctx_, c.get()) == 1;
    if (!ok) {
        const auto why = openSslReason();
        SSL_CTX_free(ctx_);
        throw std::runtime_error("TLS server context: " + why);
    }
}

CertificateServerContext::~CertificateServerContext() {
    SSL_CTX_free(ctx_);
}

}  // namespace maas::tls
