#!/usr/bin/env bash
# Installs the system programs kinerja uses when they are missing and we may install them:
# a Chromium-family browser for PDF export, poppler-utils (pdftotext/pdftoppm) for the PDF tests
# and LibreOffice (Calc, Writer) for the tests that open kinerja's .xlsx/.docx in a real client.
# On Debian/Ubuntu as root it uses apt-get; elsewhere it only says what is missing.
set -u
need=()
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
   && ! command -v google-chrome >/dev/null 2>&1 && ! command -v microsoft-edge >/dev/null 2>&1 \
   && [ -z "${KINERJA_BROWSER:-}" ]; then
  need+=(chromium)
fi
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui libreoffice-writer-nogui)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Memasang paket sistem: ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "Catatan: paket sistem belum ada: ${need[*]}. PDF memerlukan Chromium/Chrome/Edge;" \
       "HTML tetap dibuat. Di Debian/Ubuntu: sudo apt-get install ${need[*]}" >&2
fi
exit 0
