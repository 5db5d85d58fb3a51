/*
 * libFuzzer target: portreg_by_name() and portreg_port() on arbitrary bytes
 * of any length, checked against a scan of every entry (oracle.h).  The
 * input's first byte picks the protocol mask; the rest is the name, passed
 * without a NUL so that a read past it is an ASan error.
 */
#include "oracle.h"

static const char *const proto_text[] = {"tcp", "udp", "sctp", "dccp", NULL,
                                         "", "TCP", "tcpx"};

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    struct portreg_entry got[64];
    size_t len, n, want = 0, i, count, first, qlen;
    unsigned qprotos;
    const char *qname;
    unsigned protos;
    const char *name, *ptext;
    char *cstr;
    long port = -1, want_port = -1;

    oracle_init();
    if (size == 0)
        return 0;
    protos = data[0] & 0x1fu;
    ptext = proto_text[data[0] >> 5];
    name = (const char *)data + 1;
    len = size - 1;

    n = portreg_by_name(len ? name : NULL, len, protos, got, 64);
    CHECK(portreg_by_name(name, len, protos, NULL, 0) == n);
    /* "_NAME._tcp" / "_NAME._udp" (any case) stand for NAME, TCP or the
     * other protocols (RFC 6763); rows with no protocol count for both */
    qname = name;
    qlen = len;
    qprotos = protos;
    if (len >= 7 && name[0] == '_' && memcmp(name + len - 5, "._", 2) == 0) {
        char suffix[4];
        for (i = 0; i < 3; i++)
            suffix[i] = (char)oracle_fold((unsigned char)name[len - 3 + i]);
        suffix[3] = '\0';
        if (strcmp(suffix, "tcp") == 0 || strcmp(suffix, "udp") == 0) {
            qname = name + 1;
            qlen = len - 6;
            qprotos &= suffix[0] == 't' ? PORTREG_TCP
                                        : PORTREG_UDP | PORTREG_SCTP |
                                              PORTREG_DCCP;
        }
    }
    count = oracle_named(qname, qlen, &first);
    for (i = 0; i < count; i++) {
        oracle_expect(got, &want, &oracle_all[oracle_by_name[first + i]],
                      qprotos);
    }
    CHECK(n == want);
    for (i = 0; i < n && i < 64; i++)   /* max is honoured exactly */
        CHECK(portreg_by_name(name, len, protos, got, i) == n);

    /* portreg_port: the C string up to the first NUL */
    cstr = malloc(len + 1u);
    CHECK(cstr != NULL);
    memcpy(cstr, name, len);
    cstr[len] = '\0';
    len = strlen(cstr);
    protos = 0;
    if (ptext == NULL)
        protos = PORTREG_ANY;
    for (i = 0; i < 4; i++)
        if (ptext != NULL && strcmp(ptext, proto_text[i]) == 0)
            protos = 1u << i;
    count = oracle_named(cstr, len, &first);
    for (i = 0; i < count && want_port < 0; i++) {
        const struct portreg_entry *e = &oracle_all[oracle_by_name[first + i]];
        if (oracle_selects(protos, e) && !(e->flags & PORTREG_F_NOPORT))
            want_port = e->port_lo;
    }
    port = portreg_port(cstr, ptext);
    CHECK(port == want_port);
    free(cstr);
    return 0;
}
