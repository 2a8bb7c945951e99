from django.shortcuts import render


def placeholder(request, *args, **kwargs):
    return render(request, "base.html")
