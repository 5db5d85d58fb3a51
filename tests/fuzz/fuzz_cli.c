/*
 * libFuzzer target: the portreg command's argument handling.  The input is
 * split at NUL bytes into at most 8 arguments and given to the command's
 * main(); each argument is also given to parse() alone, whose result must
 * be a valid query or exit status 2.  The command's output goes to
 * /dev/null, opened afresh for each input since main() closes its stdout;
 * libFuzzer's and the sanitizers' reports stay on stderr.
 */
#include <stdio.h>

static FILE *fuzz_out, *fuzz_err;

#define main portreg_cli_main
#undef stdout
#undef stderr
#define stdout fuzz_out
#define stderr fuzz_err
#define putchar(c) putc((c), fuzz_out)
#define printf(...) fprintf(fuzz_out, __VA_ARGS__)
#include "portreg_cli.c"
#undef main
#undef stdout
#undef stderr

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_err = fopen("/dev/null", "w");
    if (fuzz_err == NULL)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char *copy = malloc(size + 1u), *argv[10];
    int argc = 1, rc, i;
    fuzz_out = fopen("/dev/null", "w");
    if (copy == NULL || fuzz_out == NULL)
        abort();
    memcpy(copy, data, size);
    copy[size] = '\0';
    argv[0] = (char *)"portreg";
    for (size_t at = 0; at <= size && argc < 9;) {
        argv[argc++] = copy + at;
        at += strlen(copy + at) + 1u;
    }
    argv[argc] = NULL;
    for (i = 1; i < argc; i++) {
        struct query q;
        rc = parse(argv[i], &q);
        if (rc == 0) {
            if (q.len == 0 || q.len > MAX_NAME || q.port > 65535 ||
                q.protos == 0 || (q.protos & ~PORTREG_ANY) ||
                strlen(q.name) != q.len)
                abort();
        } else if (rc != 2) {
            abort();
        }
    }
    rc = portreg_cli_main(argc, argv);
    if (rc < 0 || rc > 2)
        abort();
    free(copy);
    return 0;
}
