"""Exposure: which entities listed parties catch, under each regime's ownership rule."""
