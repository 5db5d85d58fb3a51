/*
 * libFuzzer target: portreg_by_port(), portreg_name() and portreg_status()
 * for any port (32 bits, so out-of-range values too) and protocol mask,
 * checked against a scan of every entry (oracle.h).
 */
#include "oracle.h"

static const char *const proto_text[] = {"tcp", "udp", "sctp", "dccp"};

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    struct portreg_entry got[64];
    size_t n, want = 0, i, j;
    unsigned port = 0, protos, bit;
    const char *first[4] = {NULL, NULL, NULL, NULL};
    int covered[5] = {0, 0, 0, 0, 0};

    oracle_init();
    if (size < 5)
        return 0;
    for (i = 0; i < 4; i++)
        port = port << 8 | data[i];
    if (!(data[4] & 0x80u))
        port &= 0xffffu;    /* mostly valid ports */
    protos = data[4] & 0x1fu;

    n = portreg_by_port(port, protos, got, 64);
    CHECK(portreg_by_port(port, protos, NULL, 0) == n);
    for (j = port <= 65535u ? oracle_port_start[port] : 0;
         port <= 65535u && j < oracle_port_start[port + 1u]; j++) {
        const struct portreg_entry *e = &oracle_all[oracle_port_ids[j]];
        for (i = 0; i < 5; i++)
            if (e->proto == 1u << i)
                covered[i] = 1;
        for (i = 0; i < 4; i++)     /* no protocol: the first for each */
            if (oracle_selects(1u << i, e) && first[i] == NULL)
                first[i] = e->name;
        oracle_expect(got, &want, e, protos);
    }
    CHECK(n == want);
    for (i = 0; i < 4; i++) {
        CHECK(portreg_name(port, proto_text[i]) == first[i]);
        bit = 1u << i;
        if (port > 65535u)
            CHECK(portreg_status(port, bit) == PORTREG_UNASSIGNED);
        else if (covered[i] || covered[4])
            CHECK(portreg_status(port, bit) == PORTREG_ASSIGNED);
        else
            CHECK(portreg_status(port, bit) != PORTREG_ASSIGNED);
    }
    return 0;
}
