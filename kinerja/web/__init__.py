"""The SOP as a web app: the role-aware panel (:mod:`kinerja.web.panel`) served by Voila (:mod:`kinerja.web.layani`)."""
