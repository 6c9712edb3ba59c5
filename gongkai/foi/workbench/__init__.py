"""The staff side of 依申请公开 in the Wagtail admin (/staff/foi/): the case queue, the case page and its
actions, 登记申请, and the dashboard panels. URLs and the menu: gongkai.foi.viewsets."""
