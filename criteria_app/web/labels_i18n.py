"""Vietnamese labels that live as data in Python, listed here so that `pybabel extract` finds them.

The templates print them through the `t` filter (web/filters.py), which looks each one up in the
catalogue at render time; the Vietnamese text itself is the msgid, so Vietnamese needs no catalogue.
tests/web/test_i18n.py checks that every label of the dictionaries named below is listed here.
"""
from __future__ import annotations


def N_(message: str) -> str:
    """Marks a string for extraction without translating it (gettext's no-op marker)."""
    return message


# domain/workflow.py STATUS_LABELS
STATUS_LABELS = [
    N_("Đang tự đánh giá"), N_("Đã gửi"), N_("Trả lại bổ sung"), N_("Đang kiểm tra"), N_("Đã kiểm tra"),
    N_("Đề nghị công nhận"), N_("Đã công nhận"), N_("Không công nhận"), N_("Đã thu hồi"),
]

# domain/workflow.py ACTION_LABELS (the history shows them as the target of a change of status)
ACTION_LABELS = [
    N_("Gửi hồ sơ đề nghị"), N_("Trả lại để bổ sung"), N_("Bắt đầu kiểm tra thực tế"),
    N_("Hoàn thành kiểm tra (ký biên bản)"), N_("Đề nghị công nhận"), N_("Công nhận"), N_("Không công nhận"),
    N_("Thu hồi"), N_("Mở lại hồ sơ"),
]

# domain/roles.py ROLE_LABELS
ROLE_LABELS = [
    N_("Quản trị"), N_("Lãnh đạo tỉnh (phê duyệt)"), N_("Trưởng đoàn kiểm tra"), N_("Thành viên đoàn kiểm tra"),
    N_("Cán bộ xã/phường"), N_("Chủ tịch UBND xã/phường"),
]

# web/filters.py STATUS_TEXT
RESULT_LABELS = [N_("Đạt"), N_("Không đạt"), N_("Chưa chấm"), N_("Chưa trả lời")]

# services/history.py ACTIONS
HISTORY_ACTIONS = [
    N_("Sửa câu trả lời"), N_("Sửa giải trình"), N_("Thêm minh chứng"), N_("Xóa minh chứng"),
    N_("Chuyển trạng thái"), N_("Bắt đầu kiểm tra"), N_("Thành viên đoàn chấm"), N_("Lý do của thành viên"),
    N_("Ghi chú tiêu chí"), N_("Chụp ảnh"), N_("Kết quả của đoàn"), N_("Chốt kết quả của đoàn"),
    N_("Mở lại kết quả của đoàn"), N_("Xác nhận biên bản"), N_("Ghi biên bản"),
]

# services/assessments.py report_reference, web/forms.py VnDateField: the submission page's field messages
SUBMISSION_MESSAGES = [N_("Nhập số báo cáo tự đánh giá (số văn bản của UBND)."), N_("Nhập ngày của báo cáo."),
                       N_("Ngày không hợp lệ."), N_("Tối đa 100 ký tự.")]

# services/assessments.py missing_for_submission: why an item stops the submission
MISSING_REASONS = [N_("Chưa trả lời"), N_("Thiếu minh chứng (tệp đính kèm hoặc giải trình)")]

# web/forms.py LoginForm and web/auth.py: the log-in page
LOGIN = [
    N_("Tên đăng nhập"), N_("Mật khẩu"), N_("Nhập tên đăng nhập."), N_("Nhập mật khẩu."),
    N_("Tên đăng nhập hoặc mật khẩu không đúng."),
]

# Flash messages of the log-in and self-assessment pages (web/auth.py, web/assessments.py)
FLASHES = [
    N_("Vui lòng đăng nhập để tiếp tục."), N_("Đã đăng xuất."), N_("Đã gửi hồ sơ tự đánh giá. Hồ sơ đã được khóa."),
]

# web/errors.py MESSAGES and the CSRF message
ERRORS = [
    N_("Yêu cầu không hợp lệ"), N_("Yêu cầu không hợp lệ. Tải lại trang rồi thử lại."),
    N_("Chưa đăng nhập"), N_("Vui lòng đăng nhập."),
    N_("Không có quyền"), N_("Bạn không có quyền truy cập trang này."),
    N_("Không tìm thấy"), N_("Không tìm thấy trang hoặc hồ sơ này."),
    N_("Không hỗ trợ"), N_("Thao tác này không được hỗ trợ."),
    N_("Tệp quá lớn"), N_("Tệp gửi lên quá lớn."),
    N_("Chỉ nhận dữ liệu gửi từ biểu mẫu."),
    N_("Không thực hiện được"), N_("Không thực hiện được thao tác này."),
    N_("Lỗi hệ thống"), N_("Đã có lỗi xảy ra. Dữ liệu đã lưu trước đó không bị mất; vui lòng thử lại."),
    N_("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Tải lại trang rồi thử lại; "
       "dữ liệu đã lưu không bị mất."),
]
