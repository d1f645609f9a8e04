# AppArmor profile installed by the WuKong Desktop .deb (see build/linux/README.md).
#
# Ubuntu 23.10+ sets kernel.apparmor_restrict_unprivileged_userns=1: only programs with an
# AppArmor profile granting `userns` may create user namespaces, which Chromium's sandbox needs.
# This profile attaches to the installed binary only, leaves it otherwise unconfined, and grants
# exactly that permission, so the app starts with its sandbox on instead of crashing with
# "The SUID sandbox helper binary was found, but is not configured correctly".
# Same approach as Ubuntu's own profiles for Chrome, VS Code and other Electron apps.
abi <abi/4.0>,
include <tunables/global>

profile "${executable}" "/opt/${sanitizedProductName}/${executable}" flags=(unconfined) {
  userns,

  # Site-specific additions and overrides. See local/README for details.
  include if exists <local/${executable}>
}
