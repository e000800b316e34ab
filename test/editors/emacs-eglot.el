;;; emacs-eglot.el --- The Emacs side of test/editors/emacs.test.ts  -*- lexical-binding: t -*-

;; Emacs 28 with Debian's elpa-eglot (1.9) and elpa-yaml-mode, set up as docs/editors.md says: the
;; `eglot-server-programs' entry, `eglot-ensure' from the mode hook, settings from the project's
;; .dir-locals.el.  The test runs it with `emacs --batch -l', in the workspace holding buildspec.yml.
;; There is no command loop in batch mode, so each step waits for what it needs with
;; `accept-process-output' (which also runs timers) and writes what a user would see, one JSON line
;; each, to $AWS_CICD_OUT.

;;; Code:

(require 'cl-lib)
(require 'json)
(require 'yaml-mode)
(require 'eglot)

;; Many users have YASnippet on; Eglot then declares snippet support and expands with it.
(when (equal (getenv "AWS_CICD_YASNIPPET") "1")
  (require 'yasnippet)
  (yas-global-mode 1))

;; The configuration of docs/editors.md, as a user puts it in their init file.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((yaml-mode json-mode) . ("aws-cicd-language-server" "--stdio"))))
(add-hook 'yaml-mode-hook #'eglot-ensure)

(defvar aws-cicd-out (or (getenv "AWS_CICD_OUT") (error "AWS_CICD_OUT is not set")))

(defun aws-cicd-log (key value)
  "Append {KEY: VALUE} as one JSON line to `aws-cicd-out'."
  (let ((line (concat (json-encode (list (cons key value))) "\n")))
    (write-region line nil aws-cicd-out 'append 'silent)))

(defun aws-cicd-wait (what ready)
  "Wait, as a user who stopped typing, until READY returns non-nil.
After 20 s log WHAT as a timeout and quit."
  (let* ((started (float-time))
         (deadline (+ started 20))
         (fired nil))
    (while (not (funcall ready))
      (when (> (float-time) deadline)
        (aws-cicd-log 'timeout what)
        (kill-emacs 2))
      ;; Batch Emacs never becomes idle, so its idle timers (Eglot sending the edits, Flymake checking
      ;; again) run here, each once, when the wait has lasted their delay.
      (dolist (timer (copy-sequence timer-idle-list))
        (when (and (not (memq timer fired))
                   (<= (float-time (timer--time timer)) (- (float-time) started)))
          (push timer fired)
          (timer-event-handler timer)))
      (accept-process-output nil 0.02))))

(defvar aws-cicd-warnings nil "The warnings Emacs showed the user, newest first.")
(advice-add 'display-warning :before
            (lambda (type message &optional level &rest _)
              ;; Flymake's :debug entries go to its log, not to the user.
              (unless (eq level :debug)
                (push (format "%s: %s" type message) aws-cicd-warnings))))

(defvar aws-cicd-last-publish nil "When the server last published diagnostics.")
(defvar aws-cicd-published nil "The codes of each publication of diagnostics, newest first.")
(advice-add 'eglot-handle-notification :after
            (lambda (_server method &rest params)
              (when (equal (format "%s" method) "textDocument/publishDiagnostics")
                (setq aws-cicd-last-publish (float-time))
                (push (vconcat (mapcar (lambda (d) (plist-get d :code))
                                       (plist-get params :diagnostics)))
                      aws-cicd-published))))

(defun aws-cicd-diagnostics ()
  "Flymake's diagnostics in the buffer, in order: 1-based line, type and text."
  (vconcat
   (mapcar (lambda (d)
             `((line . ,(line-number-at-pos (flymake-diagnostic-beg d)))
               (type . ,(symbol-name (flymake-diagnostic-type d)))
               (text . ,(flymake-diagnostic-text d))))
           (sort (flymake-diagnostics)
                 (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))))

(defun aws-cicd-lines ()
  "The buffer's lines, as a vector of strings."
  (vconcat (split-string (buffer-substring-no-properties (point-min) (point-max)) "\n")))

(defun aws-cicd-goto (line column)
  "Move to 1-based LINE and 0-based COLUMN."
  (goto-char (point-min))
  (forward-line (1- line))
  (move-to-column column))

;; Any error in a step is written out, so that the test says what failed rather than "exit 255".
(condition-case err
    (progn
      (find-file (or (getenv "AWS_CICD_FILE") (error "AWS_CICD_FILE is not set")))
      ;; `eglot-ensure' connects once the current command ends; this is where that command ends.
      (run-hooks 'post-command-hook)
      (aws-cicd-wait "eglot" (lambda () (and (eglot-current-server) eglot--managed-mode)))

      ;; Flymake, as M-x flymake-show-buffer-diagnostics lists them once the server has been quiet for a
      ;; second: it validates on open, and again when the settings it asked for arrive.
      (aws-cicd-wait "diagnostics"
                     (lambda () (and (flymake-diagnostics) aws-cicd-last-publish
                                     (> (- (float-time) aws-cicd-last-publish) 1.0))))
      (aws-cicd-log 'diagnostics (aws-cicd-diagnostics))
      (aws-cicd-log 'published (vconcat (reverse aws-cicd-published)))

      ;; The quick fix: M-x eglot-code-actions on the finding's line, then RET takes the default.
      (aws-cicd-goto 3 4)
      (let ((last-nonmenu-event ?\r))  ; a key, not a mouse click: Eglot asks in the minibuffer
        (cl-letf (((symbol-function 'completing-read)
                   (lambda (prompt collection &optional _pred _match _initial _hist default &rest _)
                     (aws-cicd-log 'actions (vconcat (mapcar #'car collection)))
                     (aws-cicd-log 'prompt prompt)
                     default)))
          (call-interactively #'eglot-code-actions)))
      (aws-cicd-wait "the fix's diagnostics" (lambda () (null (flymake-diagnostics))))

      ;; A setting changed in .dir-locals.el, then M-x eglot-signal-didChangeConfiguration.
      (with-temp-file (expand-file-name ".dir-locals.el")
        (insert (or (getenv "AWS_CICD_DIR_LOCALS") (error "AWS_CICD_DIR_LOCALS is not set"))))
      (call-interactively #'eglot-signal-didChangeConfiguration)
      (aws-cicd-wait "the new setting's diagnostics" (lambda () (flymake-diagnostics)))
      (aws-cicd-log 'changed (aws-cicd-diagnostics))

      ;; Hover, as eldoc shows it with point on `phases', then on the Python version.
      (dolist (at '((2 2) (8 15)))
        (apply #'aws-cicd-goto at)
        (let (hover)
          (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover (or info ""))))
          (aws-cicd-wait "hover" (lambda () hover))
          (aws-cicd-log 'hover (substring-no-properties hover))))

      ;; A new phase under `phases:', started and completed with C-M-i (`completion-at-point').
      (goto-char (point-max))
      (insert "  bu")
      (completion-at-point)
      (aws-cicd-wait "completion" (lambda () (not (looking-back "  bu" (line-beginning-position)))))
      (aws-cicd-log 'lines (aws-cicd-lines))
      (aws-cicd-log 'point (list (line-number-at-pos) (current-column)))
      (aws-cicd-log 'warnings (vconcat (reverse aws-cicd-warnings))))
  (error (aws-cicd-log 'error (error-message-string err))))

(kill-emacs 0)

;;; emacs-eglot.el ends here
